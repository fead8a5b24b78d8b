"""Page functions composing components and binding them to a State."""
