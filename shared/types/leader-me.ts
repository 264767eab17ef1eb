/** GET /api/leader/me: the signed-in leader's own record — their share code above all. */
export interface LeaderMeDTO {
  id: number;
  /** Goes into every share link and card: orders through it are attributed to this leader. */
  code: string;
  name: string;
  status: 'pending' | 'approved' | 'rejected' | 'suspended';
  community: { id: number; name: string } | null;
  succeededCampaigns: number;
}
