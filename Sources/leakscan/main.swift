print("leakscan")
