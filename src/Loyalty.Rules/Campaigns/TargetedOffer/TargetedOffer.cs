using System.Globalization;
using Loyalty.Rules.Accrual;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A time-boxed offer, usually for some member segments (<see cref="Condition.Segments"/> in <see cref="EarnPolicy.When"/>):
/// fixed <see cref="Points"/> or a <see cref="Factor"/> on the rate-earned points, on purchases made from
/// <see cref="StartsAt"/> (inclusive) to <see cref="EndsAt"/> (exclusive) of at least <see cref="MinimumSpend"/>; at most
/// <see cref="Limit"/> times per member (the account counts the uses), and paid from a campaign <see cref="Budget"/> when
/// it has one. Its points are whole (a factor's extra points are rounded as the program rounds) and never multiplied.
/// Put overlapping offers in a first-match group to make them exclusive (priorities decide), or a sum group to stack them.
/// </summary>
public sealed record TargetedOffer : EarnPolicy
{
    /// <summary>The first instant a purchase can use the offer (inclusive).</summary>
    public required Instant StartsAt { get; init; }

    /// <summary>The instant the offer ends (exclusive).</summary>
    public required Instant EndsAt { get; init; }

    /// <summary>Fixed points per use (0 when the offer pays a factor).</summary>
    public Points Points { get; init; }

    /// <summary>
    /// A factor on the points rates earned so far in the purchase (2 pays them once more), or null; the extra points are
    /// rounded as the program rounds.
    /// </summary>
    public decimal? Factor { get; init; }

    /// <summary>The least eligible spend that uses the offer; zero (default) for any.</summary>
    public decimal MinimumSpend { get; init; }

    /// <summary>How often one member can use the offer; null (default) for no limit.</summary>
    public OfferLimit? Limit { get; init; }

    /// <summary>The campaign budget across all members, or null (default) for none.</summary>
    public CampaignBudget? Budget { get; init; }

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        if (EndsAt <= StartsAt)
        {
            check.Fail(path + ".endsAt", $"{EndsAt} is not after startsAt {StartsAt}.");
        }

        if ((Points.Value != 0) == Factor.HasValue)
        {
            check.Fail(path, "pays either points or a factor, exactly one.");
        }

        if (Points.Value < 0)
        {
            check.Fail(path + ".points", $"must not be negative, was {Points.Value}.");
        }

        if (Factor is { } factor && factor <= 1m)
        {
            check.Fail(path + ".factor", $"must be more than 1 (it pays the rate-earned points factor - 1 times more), was {factor.ToString(CultureInfo.InvariantCulture)}.");
        }

        check.NotNegative(path + ".minSpend", MinimumSpend);
        Limit?.Validate(check, path + ".limit");
        Budget?.Validate(check, path + ".budget");
    }

    /// <summary>The first local date of the limit's window that holds <paramref name="date"/> (one window for the whole offer when it has none).</summary>
    internal LocalDate WindowOf(LocalDate date)
        => Limit?.Window is { } window ? ExpiryPolicy.PeriodStart(window, date) : LocalDate.MinIsoValue;

    internal override decimal StackFactor => Factor ?? 1m;

    internal override bool HasEnded(Instant asOf) => EndsAt <= asOf;

    internal override System.Collections.Generic.IEnumerable<LintFinding> Lint(EarningBase earningBase, Instant asOf, string path)
        => HasEnded(asOf) ? [new(path + ".endsAt", $"the offer ended at {EndsAt}: it can never fire again.")] : [];

    internal override Step Compile(CompileContext context)
    {
        if (Limit?.Window is not null)
        {
            context.UsesLocalDate = true;
        }

        return new OfferStep(this, context);
    }

    /// <summary>The offer in words for an item, e.g. "+400 Winter comeback (offer, 1 per member)"; the reward given or the offer's own.</summary>
    internal string Words(long? points = null)
    {
        string reward = points is { } p ? $"+{p}" : Factor is { } factor ? $"x{EarnRate.Number(factor)}" : $"+{Points}";
        string limit = Limit is null ? "" : $", {Limit.Times} per member{(Limit.Window is { } w ? $" per {w.ToString().ToLowerInvariant()}" : "")}";
        return $"{reward} {Label} (offer{limit})";
    }
}

/// <summary>How often one member can use an offer: <see cref="Times"/> per calendar <see cref="Window"/> of the program zone, or in all.</summary>
/// <param name="Times">The uses allowed; at least 1.</param>
/// <param name="Window">The calendar window the uses count in, or null to count every use of the offer.</param>
public sealed record OfferLimit(int Times, CalendarPeriod? Window = null)
{
    /// <summary>Once per member.</summary>
    public static OfferLimit Once { get; } = new(1);

    internal void Validate(ProgramCheck check, string path)
    {
        check.Positive(path + ".times", Times);
        if (Window is { } window && !System.Enum.IsDefined(window))
        {
            check.Fail(path + ".window", $"'{window}' is not a calendar period.");
        }
    }
}

/// <summary>
/// A campaign budget: at most <see cref="Points"/> across all members. The library keeps no counter: each evaluation
/// that would pay from it carries a <see cref="BudgetClaim"/>, which the host decides (<see cref="BudgetClaim.Decide"/>)
/// and commits atomically where it keeps the budget, then evaluates again with the decided claim.
/// </summary>
/// <param name="Points">The budget.</param>
/// <param name="AllowPartial">Whether a claim larger than what is left gets what is left (true) or nothing (false, default).</param>
public sealed record CampaignBudget(Points Points, bool AllowPartial = false)
{
    internal void Validate(ProgramCheck check, string path) => check.Award(path + ".points", Points);
}

/// <summary>
/// How often a member used an offer in one window of its <see cref="OfferLimit"/> (the account keeps the latest two
/// windows of each offer; a purchase from an older window cannot use the offer any more).
/// </summary>
/// <param name="OfferId">The offer (rule id).</param>
/// <param name="WindowStart">The first local date of the window (<see cref="NodaTime.LocalDate.MinIsoValue"/> for an offer limited in all).</param>
/// <param name="Count">The uses in the window.</param>
public sealed record OfferUse(string OfferId, LocalDate WindowStart, int Count);
