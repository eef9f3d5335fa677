using System.Globalization;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>Where a member stands in the lifecycle at an instant.</summary>
public enum LifecycleStage
{
    /// <summary>Enrolled within <see cref="LifecyclePolicy.NewForDays"/> and not yet lapsed.</summary>
    New,

    /// <summary>Bought within <see cref="LifecyclePolicy.AtRiskAfterDays"/>.</summary>
    Active,

    /// <summary>No purchase for <see cref="LifecyclePolicy.AtRiskAfterDays"/> days or more.</summary>
    AtRisk,

    /// <summary>No purchase for <see cref="LifecyclePolicy.DormantAfterDays"/> days or more.</summary>
    Dormant,

    /// <summary>Came back from dormancy within the last <see cref="LifecyclePolicy.ReactivatedForDays"/> days.</summary>
    Reactivated,
}

/// <summary>
/// The lifecycle thresholds, in local days of the program zone: a member is new for <see cref="NewForDays"/> after
/// enrolment, at risk after <see cref="AtRiskAfterDays"/> without a purchase, dormant after <see cref="DormantAfterDays"/>,
/// and reactivated for <see cref="ReactivatedForDays"/> after the first purchase back from dormancy.
/// </summary>
public sealed record LifecyclePolicy
{
    /// <summary>Days a member counts as new after enrolment. Default 30.</summary>
    public int NewForDays { get; init; } = 30;

    /// <summary>Days without a purchase after which a member is at risk. Default 60.</summary>
    public int AtRiskAfterDays { get; init; } = 60;

    /// <summary>Days without a purchase after which a member is dormant. Default 180.</summary>
    public int DormantAfterDays { get; init; } = 180;

    /// <summary>Days a member counts as reactivated after coming back. Default 30.</summary>
    public int ReactivatedForDays { get; init; } = 30;

    internal void Validate(ProgramCheck check, string path)
    {
        check.Positive(path + ".newForDays", NewForDays);
        check.Positive(path + ".atRiskAfterDays", AtRiskAfterDays);
        check.Positive(path + ".reactivatedForDays", ReactivatedForDays);
        if (DormantAfterDays <= AtRiskAfterDays)
        {
            check.Fail(path + ".dormantAfterDays", string.Create(CultureInfo.InvariantCulture, $"must be more than atRiskAfterDays ({AtRiskAfterDays}), was {DormantAfterDays}."));
        }
    }

    /// <summary>Whether a purchase on the local date <paramref name="today"/> after the last one at <paramref name="last"/> comes back from dormancy.</summary>
    internal bool IsComeback(Instant? last, LocalDate today, DateTimeZone zone)
        => last is { } l && Period.DaysBetween(l.InZone(zone).Date, today) >= DormantAfterDays;
}
