"""Office workbooks beside the quarterly one: history figures and targets."""
