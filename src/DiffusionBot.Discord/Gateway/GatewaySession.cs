namespace DiffusionBot.Discord.Gateway;

/// <summary>What survives a reconnect: the session to resume and the last sequence number seen.</summary>
internal sealed class GatewaySession
{
    private long _sequence = -1;

    public string? SessionId { get; private set; }

    public Uri? ResumeGatewayUrl { get; private set; }

    /// <summary>The last dispatch sequence number, or null before the first dispatch.</summary>
    public long? Sequence
    {
        get
        {
            var value = Interlocked.Read(ref _sequence);
            return value < 0 ? null : value;
        }
    }

    public bool CanResume => SessionId is not null && ResumeGatewayUrl is not null;

    public void Start(string sessionId, Uri? resumeGatewayUrl)
    {
        SessionId = sessionId;
        ResumeGatewayUrl = resumeGatewayUrl;
    }

    public void UpdateSequence(long sequence) => Interlocked.Exchange(ref _sequence, sequence);

    public void Reset()
    {
        SessionId = null;
        ResumeGatewayUrl = null;
        Interlocked.Exchange(ref _sequence, -1);
    }
}
