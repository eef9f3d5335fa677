using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A new member earning more than a ceiling of points within N days of enrolment (the conventions' "within N days":
/// the whole Nth local day counts). Enrolment comes from <see cref="MemberContext.EnrolledOn"/>; members without one
/// are not checked. Default action: hold.
/// </summary>
public sealed record NewMemberEarning : FraudCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="days">How many days after enrolment a member counts as new.</param>
    /// <param name="maxPoints">The most points a new member may earn in that time without a finding.</param>
    public NewMemberEarning(int days, Points maxPoints)
        : base("new-member-earning", FraudAction.Hold)
    {
        Days = days;
        MaxPoints = maxPoints;
    }

    /// <summary>How many days after enrolment a member counts as new.</summary>
    public int Days { get; init; }

    /// <summary>The most points a new member may earn in that time without a finding.</summary>
    public Points MaxPoints { get; init; }

    private protected override Duration? Lookback => Duration.FromDays(Days + 1);

    internal override void Inspect(in FraudInput input, List<FraudFinding> findings)
    {
        if (!input.Earns || input.Member.EnrolledOn is not { } enrolled)
        {
            return;
        }

        var start = ExpiryPolicy.StartOf(enrolled, input.Zone);
        var end = ExpiryPolicy.StartOf(enrolled.PlusDays(Days + 1), input.Zone);
        if (input.Event.At < start || input.Event.At >= end)
        {
            return;
        }

        long points = input.Since(start, inclusive: true).Points + input.Points;
        if (points > MaxPoints)
        {
            findings.Add(Finding($"{points} points within {Days} days of enrolment on {enrolled:uuuu-MM-dd}, above {MaxPoints}."));
        }
    }

    internal override void Validate(ProgramCheck check, string path, LedgerPolicy ledger)
    {
        base.Validate(check, path, ledger);
        check.Positive(path + ".days", Days);
        check.Positive(path + ".maxPoints", MaxPoints);
    }
}
