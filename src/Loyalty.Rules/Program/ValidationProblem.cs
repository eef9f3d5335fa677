namespace Loyalty.Rules;

/// <summary>One problem found in a program definition.</summary>
/// <param name="Path">Where: a JSON-style path such as <c>earn[2].factor</c> (the same path the JSON format uses).</param>
/// <param name="Reason">Why it is a problem.</param>
public sealed record ValidationProblem(string Path, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Reason}";
}
