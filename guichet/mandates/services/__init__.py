"""Every write of the mandates module: habilitations, mandates and consent, acting under mandate."""
