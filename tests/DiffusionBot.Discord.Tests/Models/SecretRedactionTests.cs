using DiffusionBot.Discord.Events;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Gateway.Payloads;
using DiffusionBot.Discord.Models;
using DiffusionBot.Discord.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DiffusionBot.Discord.Tests.Models;

/// <summary>Records print their members by default; those that hold a bot or interaction token must not.</summary>
public sealed class SecretRedactionTests
{
    private const string Secret = "secret-token-value-do-not-print";

    [Fact]
    public void ToString_InteractionWithToken_LeavesTokenOut()
    {
        var interaction = new Interaction { Id = 42, Token = Secret, Type = InteractionType.ApplicationCommand };

        Assert.DoesNotContain(Secret, interaction.ToString());
        Assert.Contains("42", interaction.ToString());
        Assert.DoesNotContain(Secret, new InteractionCreateEvent(interaction).ToString());
    }

    [Fact]
    public void ToString_RestRoutesWithInteractionToken_ShowOnlyTheTemplate()
    {
        var callback = RestRoute.Interaction(HttpMethod.Post, 1, Secret);
        var webhook = RestRoute.Webhook(HttpMethod.Patch, "/messages/@original", 2, Secret, "/messages/@original");

        Assert.Equal(callback.Template, callback.ToString());
        Assert.Equal(webhook.Template, webhook.ToString());
        Assert.DoesNotContain(Secret, $"{callback} {webhook}");
    }

    [Fact]
    public void ToString_GatewayRecordsWithBotToken_LeaveTokenOut()
    {
        var context = new GatewayConnectionContext(
            Secret, 513, "agent", 1024, GatewayTimeouts.Default, new GatewaySession(), null!, null!, TimeProvider.System,
            null!, 1, NullLogger.Instance);
        var identify = new IdentifyPayload(2, new IdentifyData(Secret, 513, new IdentifyProperties("linux", "b", "d")));
        var resume = new ResumePayload(6, new ResumeData(Secret, "session-1", 7));

        Assert.DoesNotContain(Secret, context.ToString());
        Assert.DoesNotContain(Secret, identify.ToString());
        Assert.DoesNotContain(Secret, resume.ToString());
        Assert.Contains("session-1", resume.ToString());
    }
}
