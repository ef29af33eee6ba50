x = "zeta"
