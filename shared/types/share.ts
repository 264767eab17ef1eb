/** What a leader shares a campaign with (GET /api/leader/share/campaigns/:id): the share card, the code and the poster. */
export interface ShareCardDTO {
  campaignId: number;
  /** The sharer's leader code: orders through these links are attributed to them. */
  leaderCode: string;
  /** wx share: onShareAppMessage({ title, path, imageUrl }). */
  title: string;
  path: string;
  imageUrl: string | null;
  /** The mini-program code's scene (≤ 32 characters). */
  scene: string;
  /** The same link for the web (h5) build. */
  webUrl: string;
  /** API paths of the poster and the code to scan (PNG; they need the leader's token). */
  posterUrl: string;
  codeUrl: string;
}
