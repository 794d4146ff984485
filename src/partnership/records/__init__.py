"""The partnership's duties as a holder of personal data: retention review and subject access."""
