mod lines;
mod randomized_lines;
