namespace Loyalty.Rules;

/// <summary>
/// Fixed points for a non-purchase activity (sign-up, review, check-in, a custom activity). Every activity rule
/// that matches the event and whose condition holds pays; rules for the same activity stack.
/// </summary>
public sealed record ActivityRule
{
    /// <summary>The rule id, unique in the program.</summary>
    public required string Id { get; init; }

    /// <summary>A short label for explanations; defaults to the id.</summary>
    public string? Description { get; init; }

    /// <summary>The activity that pays.</summary>
    public required ActivityKind Activity { get; init; }

    /// <summary>For <see cref="ActivityKind.Custom"/>, the activity's name (matched ordinally); otherwise null.</summary>
    public string? CustomName { get; init; }

    /// <summary>The points paid; positive.</summary>
    public required Points Points { get; init; }

    /// <summary>When the rule pays; null for always. Channel matches the event's channel.</summary>
    public Condition? When { get; init; }

    /// <summary>
    /// Pays at most once per member (a sign-up or profile-completion bonus): the account remembers the rules it paid,
    /// and the member context passed to the evaluator alone carries them (its `paidOnceRules`). Default false.
    /// </summary>
    public bool OncePerMember { get; init; }

    internal ActivityRule Freeze() => this with { When = When?.Freeze() };

    internal void Validate(ProgramCheck check, string path)
    {
        check.Id(path + ".id", Id);
        if (!System.Enum.IsDefined(Activity))
        {
            check.Fail(path + ".activity", $"'{Activity}' is not an activity kind.");
        }

        if (Activity == ActivityKind.Custom && string.IsNullOrWhiteSpace(CustomName))
        {
            check.Fail(path + ".customName", "is required for a custom activity.");
        }
        else if (Activity != ActivityKind.Custom && CustomName is not null)
        {
            check.Fail(path + ".customName", $"is only for custom activities, not {Activity}.");
        }

        check.Award(path + ".points", Points);
        When?.Validate(check, path + ".when");
    }

    internal bool Matches(ActivityEvent activity)
        => activity.Kind == Activity && string.Equals(activity.CustomName, CustomName, System.StringComparison.Ordinal);
}
