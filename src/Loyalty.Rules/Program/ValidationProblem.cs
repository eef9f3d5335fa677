namespace Loyalty.Rules;

/// <summary>One problem found in a program definition.</summary>
/// <param name="Path">Where: a JSON-style path such as <c>earn[2].factor</c> (the same path the JSON format uses).</param>
/// <param name="Reason">Why it is a problem.</param>
public sealed record ValidationProblem(string Path, string Reason)
{
    /// <summary>The id of the rule the problem is in (the innermost, for a group's members), or null.</summary>
    public string? RuleId { get; init; }

    /// <summary>The path of that rule (a prefix of <see cref="Path"/>), or null.</summary>
    internal string? RulePath { get; init; }

    /// <summary>"path: reason", with the rule's id after the rule's part of the path: <c>earn[1] (id 'lucky-draw').odds: ...</c>.</summary>
    /// <returns>The problem in words.</returns>
    public override string ToString()
        => RuleId is { } id && RulePath is { } rule && Path.StartsWith(rule, System.StringComparison.Ordinal)
            ? $"{rule} (id '{id}'){Path[rule.Length..]}: {Reason}"
            : $"{Path}: {Reason}";

    /// <summary>The same problem under a path prefix (<c>$.</c> for JSON).</summary>
    internal ValidationProblem Under(string prefix) => this with { Path = prefix + Path, RulePath = RulePath is null ? null : prefix + RulePath };
}
