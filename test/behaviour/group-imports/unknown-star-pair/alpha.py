x = "alpha"
