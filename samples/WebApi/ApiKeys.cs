using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loyalty.Rules.Samples.WebApi;

/// <summary>The keys a host accepts: the point-of-sale system's key, and one key per member (key → member id).</summary>
public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    /// <summary>The header that carries the key.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The service key (all members, all operations).</summary>
    public string ServiceKey { get; set; } = "";

    /// <summary>Member keys: each answers only for its member.</summary>
    public Dictionary<string, string> MemberKeys { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header (compared in fixed time): the service key is the role <c>pos</c>, a member key
/// the claim <c>member_id</c>. No key, or an unknown one: 401 with a problem body; a key without the right: 403 with one.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string MemberClaim = "member_id";
    public const string ServiceRole = "pos";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string presented = Request.Headers[ApiKeyOptions.Header].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Claim[]? claims = Same(presented, Options.ServiceKey)
            ? [new Claim(ClaimTypes.Name, "service"), new Claim(ClaimTypes.Role, ServiceRole)]
            : Options.MemberKeys.Where(k => Same(presented, k.Key)).Select(k => new[] { new Claim(ClaimTypes.Name, k.Value), new Claim(MemberClaim, k.Value) }).FirstOrDefault();
        return Task.FromResult(claims is null
            ? AuthenticateResult.Fail("unknown API key")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        => Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized", $"a valid {ApiKeyOptions.Header} header is required.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", "this key may not do this (a member key answers only for its own member).");

    private static bool Same(string presented, string expected)
        => expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}

/// <summary>The caller is the point-of-sale system, or the member named by the route's <c>memberId</c>.</summary>
public sealed class OwnMemberRequirement : AuthorizationHandler<OwnMemberRequirement>, IAuthorizationRequirement
{
    /// <summary>The policy that asks for it.</summary>
    public const string Policy = "own-member";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnMemberRequirement requirement)
    {
        string? member = (context.Resource as HttpContext)?.Request.RouteValues["memberId"] as string;
        if (context.User.IsInRole(ApiKeyHandler.ServiceRole) || (member is not null && context.User.HasClaim(ApiKeyHandler.MemberClaim, member)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
