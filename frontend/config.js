// Local default: the API is served by `vitrine serve` on the same origin.
// A deployment replaces this file with the API Gateway URL (infra/stacks/frontend.py).
export const API_URL = "";
