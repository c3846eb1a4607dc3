mod lines;
