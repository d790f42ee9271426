"""Earlier years' figures: import into the archive (hasil.csv, history workbook), list."""
