"""The expected answer of every URL of the site for every role (see test_permission_matrix.py)."""

ROLES = [
    "anonymous",
    "usager_a",
    "usager_b",
    "agent",
    "agent_other",
    "aidant",
    "responsable",
    "analyste",
    "aidant_no_mandate",
    "aidant_expired",
    "aidant_suspended",
]
# "aidant": habilitated in the dossier's organisation, which holds a valid mandate of usager_a;
# "aidant_no_mandate": habilitated elsewhere, no mandate; "aidant_expired": habilitated in an organisation
# whose only mandate of usager_a has expired; "aidant_suspended": the dossier's organisation, suspended.
AIDANTS = ("aidant", "aidant_no_mandate", "aidant_expired", "aidant_suspended")
STAFF = {"agent", "agent_other", "responsable", *AIDANTS}
OK, LOGIN, FORBIDDEN, HIDDEN = "ok", "login", "403", "404"


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def logged_in(outcome=OK):
    return {**everyone(outcome), "anonymous": LOGIN}


def only_role(role):
    return {**everyone(FORBIDDEN), "anonymous": LOGIN, role: OK}


DOSSIER_EDITOR = {**everyone(HIDDEN), "usager_a": OK, "agent": OK, "responsable": OK}
DOSSIER_USAGER = {**everyone(HIDDEN), "usager_a": OK}
DOSSIER_STAFF = {**only_role("agent"), "agent_other": HIDDEN}
OWN_ACCOUNT_OBJECT = {**everyone(HIDDEN), "anonymous": LOGIN, "usager_a": OK}
ANY_AIDANT = {**only_role("aidant"), **dict.fromkeys(AIDANTS, OK)}
HABILITATED = {**ANY_AIDANT, "aidant_suspended": FORBIDDEN}
PERSON_OF_AIDANT = {**HABILITATED, "aidant_no_mandate": HIDDEN}
MANDATE_OF_AIDANT = {**PERSON_OF_AIDANT, "aidant_expired": HIDDEN}
# The organisation of "aidant_expired" held a mandate of usager_a: the person is still known to it.
MEDIATION_PERSON = {**PERSON_OF_AIDANT, "aidant_suspended": HIDDEN}
QUESTIONNAIRE = {**everyone(HIDDEN), "usager_a": OK}

# (method, expected outcome per role). POST-only views are tried with POST and an empty body.
RULES = {
    "core:home": ("get", everyone(OK)),
    "core:accessibility": ("get", everyone(OK)),
    "core:legal": ("get", everyone(OK)),
    "core:healthz": ("get", everyone(OK)),
    "core:clear_traces": ("get", everyone(OK)),
    # providers post receipts behind a secret address: an unknown token is a 404 for everyone
    "core:sms_receipt_brevo": ("post", everyone(HIDDEN)),
    "core:sms_receipt_ovh": ("get", everyone(HIDDEN)),
    "accounts:login": ("get", everyone(OK)),
    "accounts:logout": ("post", everyone(OK)),
    "accounts:password_reset": ("get", everyone(OK)),
    "accounts:password_reset_done": ("get", everyone(OK)),
    "accounts:password_reset_confirm": ("get", everyone(OK)),
    "accounts:password_reset_complete": ("get", everyone(OK)),
    "accounts:otp_setup": ("get", logged_in()),
    "accounts:otp_verify": ("get", logged_in()),
    "accounts:my_account": ("get", logged_in()),
    "accounts:my_data": ("get", logged_in()),
    "accounts:erase_account": ("get", logged_in()),
    "accounts:home": ("get", logged_in()),
    "accounts:home_agent": ("get", {**only_role("agent"), "agent_other": OK}),
    "accounts:home_aidant": ("get", ANY_AIDANT),
    "accounts:home_responsable": ("get", only_role("responsable")),
    "accounts:home_analyste": ("get", only_role("analyste")),
    "accounts:api_token_create": ("post", only_role("responsable")),
    "accounts:api_token_revoke": ("post", only_role("responsable")),
    "oidc_authentication_callback": ("get", everyone(LOGIN)),  # no code: back to the login page
    "oidc_authentication_init": ("get", everyone(HIDDEN)),  # off unless configured
    "oidc_logout": ("post", everyone(OK)),
    "procedures:catalogue": ("get", everyone(OK)),
    "procedures:procedure": ("get", everyone(OK)),
    "procedures:start": ("post", everyone(OK)),
    "procedures:followup": ("get", everyone(OK)),
    "procedures:my_dossiers": ("get", logged_in()),
    "procedures:personal_folder": ("get", logged_in()),
    "procedures:forget_item": ("post", OWN_ACCOUNT_OBJECT),
    "procedures:keep": ("post", OWN_ACCOUNT_OBJECT),
    "procedures:reuse": ("post", OWN_ACCOUNT_OBJECT),
    "procedures:dossier": ("get", DOSSIER_USAGER),
    "procedures:post_message": ("post", DOSSIER_USAGER),
    "procedures:withdraw": ("post", DOSSIER_USAGER),
    "procedures:started": ("get", DOSSIER_EDITOR),
    "procedures:section": ("get", DOSSIER_EDITOR),
    "procedures:documents": ("get", DOSSIER_EDITOR),
    "procedures:download_document": ("get", DOSSIER_EDITOR),
    "procedures:remove_document": ("post", DOSSIER_EDITOR),
    "procedures:contact": ("get", DOSSIER_EDITOR),
    "procedures:review": ("get", DOSSIER_EDITOR),
    "procedures:receipt": ("get", DOSSIER_EDITOR),
    "procedures:receipt_pdf": ("get", DOSSIER_EDITOR),
    "procedures:issued_receipt_pdf": ("get", DOSSIER_EDITOR),
    "procedures:correct": ("get", DOSSIER_EDITOR),
    # The follow-up sheet shows the code in clear: only the browser session that received it.
    "procedures:followup_sheet": ("get", everyone(HIDDEN)),
    # A responsable reads the queue and the dossiers of their organisation, without acting on them.
    "procedures:queue": ("get", {**only_role("agent"), "agent_other": OK, "responsable": OK}),
    "procedures:new_request": ("get", {**only_role("agent"), "agent_other": OK}),
    "procedures:letters": ("get", {**only_role("agent"), "agent_other": OK}),
    "procedures:letter_pdf": ("get", {**only_role("agent"), "agent_other": HIDDEN}),
    "procedures:letter_posted": ("post", {**only_role("agent"), "agent_other": HIDDEN}),
    "procedures:agent_dossier": ("get", {**DOSSIER_STAFF, "responsable": OK}),
    "procedures:agent_action": ("post", DOSSIER_STAFF),
    "procedures:person_data": ("get", DOSSIER_STAFF),
    "procedures:outages": ("get", only_role("responsable")),
    "procedures:manage_procedures": ("get", only_role("responsable")),
    "procedures:editor": ("get", only_role("responsable")),
    "procedures:editor_action": ("post", only_role("responsable")),
    # Groups and routing rules: the organisation's responsables; a group's members only when it manages
    # itself (the matrix's group does not).
    "instruction:procedure_groups": ("get", only_role("responsable")),
    "instruction:group": ("get", {**only_role("responsable"), "agent": HIDDEN, "agent_other": HIDDEN}),
    "instruction:remove_rule": ("post", only_role("responsable")),
    "instruction:procedure_replies": ("get", only_role("responsable")),
    "instruction:remove_reply": ("post", only_role("responsable")),
    "instruction:dossier_team": ("post", DOSSIER_STAFF),
    "mandates:aidants": ("get", only_role("responsable")),
    "mandates:enrol": ("get", only_role("responsable")),
    "mandates:suspend": ("post", only_role("responsable")),
    "mandates:reactivate": ("post", only_role("responsable")),
    "mandates:attestation": ("get", only_role("responsable")),
    "mandates:responsable_revoke": ("post", only_role("responsable")),
    "mandates:mandates": ("get", HABILITATED),
    "mandates:act_person": ("get", HABILITATED),
    "mandates:new_person": ("get", HABILITATED),
    "mandates:person": ("get", PERSON_OF_AIDANT),
    "mandates:new_mandate": ("get", PERSON_OF_AIDANT),
    "mandates:mandate": ("get", MANDATE_OF_AIDANT),
    "mandates:summary_pdf": ("get", MANDATE_OF_AIDANT),
    "mandates:mandate_pdf": ("get", MANDATE_OF_AIDANT),
    "mandates:consent_screen": ("post", MANDATE_OF_AIDANT),
    "mandates:consent_paper": ("post", MANDATE_OF_AIDANT),
    "mandates:send_code": ("post", MANDATE_OF_AIDANT),
    "mandates:confirm_code": ("post", MANDATE_OF_AIDANT),
    "mandates:aidant_revoke": ("post", MANDATE_OF_AIDANT),
    "mandates:renew": ("post", MANDATE_OF_AIDANT),
    "mandates:act_start": ("post", MANDATE_OF_AIDANT),
    "mandates:act_continue": ("post", MANDATE_OF_AIDANT),
    "mandates:revoke_with_code": ("get", everyone(OK)),
    # Only the browser session that typed the mandate's reference and code.
    "mandates:mandate_followup": ("get", everyone(HIDDEN)),
    # Open to all: with an account, its mandates; without, the number and code of the paper copy.
    "mandates:who_acted": ("get", everyone(OK)),
    "mandates:usager_revoke": ("post", OWN_ACCOUNT_OBJECT),
    "mandates:representations": ("get", logged_in()),
    "mandates:representation_start": ("post", OWN_ACCOUNT_OBJECT),
    "mandates:representation_end": ("post", OWN_ACCOUNT_OBJECT),
    "mandates:representations_to_check": (
        "get",
        {**only_role("agent"), "agent_other": OK, "responsable": OK},
    ),
    "mandates:representation_proof": (
        "get",
        {**only_role("agent"), "agent_other": HIDDEN, "responsable": OK},
    ),
    "mandates:representation_verify": (
        "post",
        {**only_role("agent"), "agent_other": HIDDEN, "responsable": OK},
    ),
    "mandates:representation_refuse": (
        "post",
        {**only_role("agent"), "agent_other": HIDDEN, "responsable": OK},
    ),
    # A suspended aidant reaches the workspace but sees only a notice; every person gives a 404.
    "mediation:home": ("get", ANY_AIDANT),
    "mediation:people": ("get", ANY_AIDANT),
    "mediation:register_person": ("get", ANY_AIDANT),
    "mediation:person": ("get", MEDIATION_PERSON),
    "mediation:record_session": ("get", MEDIATION_PERSON),
    "mediation:run_diagnostic": ("get", MEDIATION_PERSON),
    "mediation:diagnostic": ("get", {**OWN_ACCOUNT_OBJECT, "aidant": OK}),
    "mediation:my_diagnostics": ("get", logged_in()),
    "mediation:reports": ("get", only_role("responsable")),
    "mediation:report": ("get", only_role("responsable")),
    "mediation:report_csv": ("get", only_role("responsable")),
    "mediation:overview": ("get", only_role("analyste")),
    "screening:home": ("get", everyone(OK)),
    "screening:start": ("post", everyone(OK)),
    "screening:page": ("get", QUESTIONNAIRE),
    "screening:results": ("get", QUESTIONNAIRE),
    "screening:results_pdf": ("get", QUESTIONNAIRE),
    "screening:start_procedure": ("post", QUESTIONNAIRE),
    "screening:delete": ("post", QUESTIONNAIRE),
    "screening:give_code": ("post", QUESTIONNAIRE),
    # Open to all: a number and code typed from any browser (throttled).
    "screening:reopen": ("get", everyone(OK)),
    # The directory is public, open data.
    "places:search": ("get", everyone(OK)),
    "places:detail": ("get", everyone(OK)),
    "places:export": ("get", everyone(OK)),
    "places:import": ("get", only_role("responsable")),
    "places:duplicates": ("get", only_role("responsable")),
    # Only the responsables of the place's structure (the matrix's place has none).
    "places:edit": ("get", logged_in(HIDDEN)),
    # Referrals: staff orient people; only the staff of the receiving place's structure answer.
    "places:refer": ("get", {**logged_in(FORBIDDEN), **dict.fromkeys(STAFF, OK)}),
    "places:referrals": ("get", {**logged_in(FORBIDDEN), **dict.fromkeys(STAFF, OK)}),
    "places:referral_action": (
        "post",
        {**logged_in(HIDDEN), **dict.fromkeys(("agent", "aidant", "aidant_suspended", "responsable"), OK)},
    ),
    # Appointments: booking is public; a booking is reached with its reference and code (in the session),
    # so nobody reaches the matrix's booking by its address alone.
    "appointments:place": ("get", everyone(OK)),
    "appointments:slots": ("get", everyone(OK)),
    "appointments:book": ("get", everyone(OK)),
    "appointments:find": ("get", everyone(OK)),
    "appointments:booking": ("get", everyone(HIDDEN)),
    "appointments:ics": ("get", everyone(HIDDEN)),
    "appointments:cancel": ("post", everyone(HIDDEN)),
    "appointments:feed": ("get", everyone(HIDDEN)),
    "appointments:agenda": ("get", {**only_role("agent"), "agent_other": OK}),
    "appointments:book_for_caller": ("get", {**only_role("agent"), "agent_other": OK}),
    "appointments:calendar_link": ("get", {**only_role("agent"), "agent_other": OK}),
    "appointments:outcome": ("post", {**only_role("agent"), "agent_other": HIDDEN}),
    "appointments:book_under_mandate": ("get", MANDATE_OF_AIDANT),
    # Fair mode: the request form exists only for a fair-mode motif (the matrix's motif is not one);
    # a request is reached with its reference and code; the draw's record is public.
    "appointments:challenge": ("get", everyone(OK)),
    "appointments:request": ("get", everyone(HIDDEN)),
    "appointments:request_status": ("get", everyone(HIDDEN)),
    "appointments:answer_offer": ("post", everyone(HIDDEN)),
    "appointments:draw": ("get", everyone(OK)),
    "appointments:draw_csv": ("get", everyone(HIDDEN)),  # not drawn yet
    "appointments:accept_for_caller": ("post", {**only_role("agent"), "agent_other": HIDDEN}),
    # Setting up appointments: the responsables of the place's structure (the matrix's bare place has none).
    "appointments:manage": ("get", only_role("responsable")),
    "appointments:manage_new_motif": ("get", {**only_role("responsable"), "responsable": HIDDEN}),
    "appointments:manage_motif": ("get", only_role("responsable")),
    "appointments:manage_remove_opening": ("post", only_role("responsable")),
    "screening:caseloads": ("get", only_role("responsable")),
    "screening:caseload": ("get", only_role("responsable")),
    "screening:caseload_errors": ("get", only_role("responsable")),
    "screening:caseload_results": ("get", only_role("responsable")),
    "screening:household": ("get", only_role("responsable")),
}
API_PREFIX = "api:"
SKIPPED_NAMESPACES = ("admin",)
