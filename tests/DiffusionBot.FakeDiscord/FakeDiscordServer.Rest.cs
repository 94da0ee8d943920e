using DiffusionBot.FakeDiscord.Rest;
using Microsoft.AspNetCore.Builder;

namespace DiffusionBot.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    /// <summary>The fake REST API under /api/v10: recorded requests, scripted responses, simulated rate-limit buckets.</summary>
    public FakeRestApi Rest { get; } = new();

    partial void MapRest(WebApplication app) => Rest.Map(app);
}
