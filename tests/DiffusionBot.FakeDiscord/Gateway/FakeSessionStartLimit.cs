namespace DiffusionBot.FakeDiscord.Gateway;

/// <summary>The session_start_limit GET /gateway/bot reports.</summary>
public sealed record FakeSessionStartLimit(int Total, int Remaining, int ResetAfterMilliseconds, int MaxConcurrency);
