"""The demande de logement social: its values, events and the facts folded from them."""
