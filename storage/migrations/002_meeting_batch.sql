-- Meeting mode (campaign.meeting): the single-use ballot tokens handed out in one room share a
-- meeting_id, so the live counter and the closing of a meeting address exactly that batch.
-- Personal invitations leave it NULL. It names a room, never a person: ballots do not carry it.
ALTER TABLE invitation ADD COLUMN meeting_id VARCHAR;
