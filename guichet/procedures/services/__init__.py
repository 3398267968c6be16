"""Every write on procedures and dossiers. Views and the API call these, nothing else writes."""
