"""Names of the values Partnership keeps in a signed-in person's session."""

SIGNED_IN_AT = "partnership_signed_in_at"
LAST_SEEN_AT = "partnership_last_seen_at"
PENDING_DEVICE = "partnership_pending_totp"
RECOVERY_CODES_ONCE = "partnership_recovery_codes"
CODE_FAILURES = "partnership_code_failures"
# Set when the identity provider's ID token said it used multi-factor authentication: the user's id, so the flag
# means nothing for anyone else. Django's login() and logout() give a new, empty session, so it cannot outlive
# the sign-in.
PROVIDER_MFA = "partnership_provider_mfa"
