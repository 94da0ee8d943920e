namespace DiffusionBot.Discord.Gateway;

internal static class GatewayUrl
{
    /// <summary>Adds the API version and encoding to a gateway URL, keeping any query it already has.</summary>
    public static Uri WithVersionAndEncoding(Uri url)
    {
        var builder = new UriBuilder(url);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? "v=10&encoding=json" : existing + "&v=10&encoding=json";
        return builder.Uri;
    }
}
