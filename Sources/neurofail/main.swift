print("neurofail: under construction")
