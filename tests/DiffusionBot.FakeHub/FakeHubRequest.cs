namespace DiffusionBot.FakeHub;

/// <summary>What the fake received: which origin (<see cref="Cdn"/> or the Hub), the path and query, and the headers that matter.</summary>
public sealed record FakeHubRequest(bool Cdn, string PathAndQuery, string? Authorization, string? Range);
