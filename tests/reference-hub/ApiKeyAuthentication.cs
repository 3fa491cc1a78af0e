using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ReferenceHub;

// The API key as a bearer token, checked by the framework's authentication pipeline like
// any bearer scheme: `Authorization: Bearer <key>`, or `access_token` in the query on the
// hub's own paths (what browsers must use for WebSockets). No key or a wrong key gets the
// framework's 401 challenge on negotiate and on the WebSocket upgrade.
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, HubSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKeyBearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
            token = header["Bearer ".Length..].Trim();
        else if (Request.Path.StartsWithSegments(settings.HubPath) && Request.Query.TryGetValue("access_token", out var query))
            token = query.ToString();

        if (string.IsNullOrEmpty(token))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(settings.ApiKey)))
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "reference-user")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
