using DiffusionBot.FakeDiscord.Cdn;
using Microsoft.AspNetCore.Builder;

namespace DiffusionBot.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    /// <summary>The fake CDN: files members "attached" to interactions, served at /attachments/{id}/{filename}.</summary>
    public FakeCdn Cdn { get; } = new();

    partial void MapCdn(WebApplication app) => Cdn.Map(app, () => BaseAddress);
}
