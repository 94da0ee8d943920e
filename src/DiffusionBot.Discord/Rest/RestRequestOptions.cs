namespace DiffusionBot.Discord.Rest;

/// <summary>What the client tells the handlers of its named HttpClient about a request.</summary>
internal static class RestRequestOptions
{
    /// <summary>The request's route: the handlers decide from it, and log only its template.</summary>
    public static readonly HttpRequestOptionsKey<RestRoute> Route = new("DiffusionBot.Discord.Rest.Route");
}
