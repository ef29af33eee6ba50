Thing = "base.Thing"
