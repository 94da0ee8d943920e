using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DiffusionBot.Discord.Rest;

internal static class RestJson
{
    /// <summary>The JSON body of an error or 429 response, or null when it is empty or unreadable.</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
