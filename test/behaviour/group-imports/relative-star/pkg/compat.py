Thing = "compat.Thing"
