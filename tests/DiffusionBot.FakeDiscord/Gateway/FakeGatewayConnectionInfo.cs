namespace DiffusionBot.FakeDiscord.Gateway;

/// <summary>What the fake knows about one accepted WebSocket connection.</summary>
public sealed class FakeGatewayConnectionInfo
{
    internal FakeGatewayConnectionInfo(int index, string path, string query)
    {
        Index = index;
        Path = path;
        Query = query;
    }

    public int Index { get; }

    /// <summary>"/gateway" or "/gateway-resume".</summary>
    public string Path { get; }

    public string Query { get; }

    /// <summary>The close code the client sent, once it closed.</summary>
    public int? ClientCloseCode { get; internal set; }

    public bool Ended { get; internal set; }
}
