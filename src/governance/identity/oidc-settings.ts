/** How claims of the provider become a Roundtrip user (identity.oidc of roundtrip.yaml). */
export interface OidcClaimMapping {
  /** Claim that becomes the username; `sub` when the claim is absent. */
  usernameClaim: string;
  /** Claim shown as the display name; the username when absent. */
  displayNameClaim: string;
  /** Claim holding the provider's roles or groups: an array or a space-separated string. */
  rolesClaim: string;
  /** Provider role → Roundtrip role; other provider roles are ignored. */
  roleMap: Record<string, string>;
  /** Roundtrip attribute → claim name. */
  attributeClaims: Record<string, string>;
}

/** identity.oidc with its secret read: everything the single sign-on flow needs. */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  /** Sent with HTTP Basic authentication at the token endpoint; undefined for a public client (PKCE only). */
  clientSecret: string | undefined;
  /** The registered callback; undefined means `<origin of the login request>/api/auth/oidc/callback`. */
  redirectUri: string | undefined;
  scopes: string[];
  /** Extra query parameters of the authorization URL (e.g. access_type: offline). */
  authorizationParams: Record<string, string>;
  claims: OidcClaimMapping;
  /** Text of the login page button. */
  buttonLabel: string;
}
