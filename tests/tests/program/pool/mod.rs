mod governed_lines;
mod lines;
mod randomized_lines;
mod upgrade;
