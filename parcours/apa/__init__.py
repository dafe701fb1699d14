"""APA (allocation personnalisée d'autonomie): the AGGIR engine, the amounts, who may simulate them."""
