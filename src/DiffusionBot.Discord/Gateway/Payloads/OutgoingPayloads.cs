namespace DiffusionBot.Discord.Gateway.Payloads;

// Frames this client sends. Property names become snake_case through GatewayJsonContext. ToString leaves out the bot token.

internal sealed record HeartbeatPayload(int Op, long? D);

internal sealed record IdentifyPayload(int Op, IdentifyData D);

internal sealed record IdentifyData(string Token, int Intents, IdentifyProperties Properties)
{
    public override string ToString() => $"{nameof(IdentifyData)} {{ Intents = {Intents} }}";
}

internal sealed record IdentifyProperties(string Os, string Browser, string Device);

internal sealed record ResumePayload(int Op, ResumeData D);

internal sealed record ResumeData(string Token, string SessionId, long Seq)
{
    public override string ToString() => $"{nameof(ResumeData)} {{ SessionId = {SessionId}, Seq = {Seq} }}";
}
