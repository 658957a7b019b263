/**
 * Links a message carries besides the carrier's tracking link, made by the caller (they hold tokens).
 * Only `https:` URLs are used; any other is left out.
 */
export interface MessageLinks {
  /** Waybill's own tracking page for the order ("See your order"). */
  trackingPage?: string;
  /**
   * One-click unsubscribe endpoint for email. Sent as `List-Unsubscribe` with
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058) and linked in the footer.
   */
  unsubscribeEmail?: string;
}
