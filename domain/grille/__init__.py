"""The grid as versioned data: its format, its dated parameters and the rules of adoption."""
