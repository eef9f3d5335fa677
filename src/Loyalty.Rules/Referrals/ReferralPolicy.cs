using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>One step of the referrer's ladder: from the <see cref="From"/>th qualified referral in a window on, each pays <see cref="Points"/>.</summary>
/// <param name="From">The first referral (1-based, counted in the window) the step applies to.</param>
/// <param name="Points">What each referral from there on pays the referrer.</param>
public sealed record ReferralStep(int From, Points Points);

/// <summary>
/// How a program rewards referrals: the referrer only, the referee only, or both (equal or not); what qualifies a
/// referral; a ladder for the referrer (the more qualified referrals in a window, the more each new one pays); caps per
/// referrer per window; and a return-on-investment guard. Each side is paid by its own <see cref="ReferralAwardEvent"/>
/// applied to that member's account; the referrer's ladder step and caps are read from the referrer's account then.
/// </summary>
public sealed record ReferralPolicy
{
    /// <summary>The rule id of referral items and lots (default "referral"; lots are "{id}/referrer" and "{id}/referee").</summary>
    public string Id { get; init; } = "referral";

    /// <summary>What the referrer gets, or null (then <see cref="Ladder"/> or nothing).</summary>
    public ReferralReward? Referrer { get; init; }

    /// <summary>What the referee gets, or null for nothing.</summary>
    public ReferralReward? Referee { get; init; }

    /// <summary>The referrer's ladder, steps in increasing <see cref="ReferralStep.From"/>, the first from 1; empty for none.</summary>
    public ImmutableArray<ReferralStep> Ladder { get; init; } = [];

    /// <summary>The local calendar window in which the ladder and caps count referrals (default a calendar year).</summary>
    public CalendarPeriod Window { get; init; } = CalendarPeriod.Year;

    /// <summary>The most referrals paid to one referrer per window, or null.</summary>
    public int? MaxReferralsPerWindow { get; init; }

    /// <summary>The most referral points paid to one referrer per window, or null (the award that reaches it is cut to what is left).</summary>
    public Points? MaxPointsPerWindow { get; init; }

    /// <summary>What makes a referral qualify (default: the referee signs up).</summary>
    public ReferralQualification Qualification { get; init; } = ReferralQualification.OnSignUp;

    /// <summary>An expected customer lifetime value, in the program currency, for the return-on-investment guard; or null.</summary>
    public decimal? ExpectedLifetimeValue { get; init; }

    /// <summary>
    /// The most one qualified referral may cost (both sides, the referrer's best ladder step, points valued at the
    /// redemption rate) as a share of <see cref="ExpectedLifetimeValue"/> (0.1 for 10%); a program that can pay more
    /// does not build.
    /// </summary>
    public decimal? MaxShareOfLifetimeValue { get; init; }

    /// <summary>Whether the referrer is rewarded.</summary>
    public bool RewardsReferrer => Referrer is not null || !Ladder.IsDefaultOrEmpty;

    /// <summary>Whether the referee is rewarded.</summary>
    public bool RewardsReferee => Referee is not null;

    /// <summary>The referrer's reward for the <paramref name="nth"/> qualified referral in a window.</summary>
    internal ReferralReward ReferrerReward(int nth)
        => Ladder.IsDefaultOrEmpty ? Referrer! : ReferralReward.OfPoints(Ladder.Last(s => s.From <= nth).Points);

    /// <summary>The referrer's reward in words.</summary>
    internal string DescribeReferrer()
        => Ladder.IsDefaultOrEmpty
            ? Referrer?.ToString() ?? "nothing"
            : "by ladder per " + Window.ToString().ToLowerInvariant() + ": " + string.Join(", ", Ladder.Select((s, i) => i + 1 < Ladder.Length
                ? string.Create(CultureInfo.InvariantCulture, $"{s.From}-{Ladder[i + 1].From - 1}: {s.Points}")
                : string.Create(CultureInfo.InvariantCulture, $"{s.From}+: {s.Points}")));

    internal void Validate(ProgramCheck check, string path, RedemptionPolicy redemption)
    {
        check.Id(path + ".id", Id);
        if (!RewardsReferrer && !RewardsReferee)
        {
            check.Fail(path, "rewards neither the referrer nor the referee.");
        }

        Referrer?.Validate(check, path + ".referrer");
        Referee?.Validate(check, path + ".referee");
        if (Referrer is not null && !Ladder.IsDefaultOrEmpty)
        {
            check.Fail(path + ".ladder", "the referrer is paid by a fixed reward or by a ladder, not both.");
        }

        for (int i = 0; i < (Ladder.IsDefault ? 0 : Ladder.Length); i++)
        {
            var step = Ladder[i];
            if (step is null)
            {
                check.Fail($"{path}.ladder[{i}]", "is null.");
                continue;
            }

            check.Award($"{path}.ladder[{i}].points", step.Points);
            if (i == 0 && step.From != 1)
            {
                check.Fail($"{path}.ladder[0].from", $"the first step must start at referral 1, was {step.From}.");
            }
            else if (i > 0 && Ladder[i - 1] is { } previous && step.From <= previous.From)
            {
                check.Fail($"{path}.ladder[{i}].from", $"steps must start in increasing order: {step.From} follows {previous.From}.");
            }
        }

        if (!System.Enum.IsDefined(Window))
        {
            check.Fail(path + ".window", $"'{Window}' is not a calendar period.");
        }

        if (MaxReferralsPerWindow is { } count)
        {
            check.Positive(path + ".maxReferralsPerWindow", count);
        }

        if (MaxPointsPerWindow is { } points)
        {
            check.Positive(path + ".maxPointsPerWindow", points);
        }

        if (Qualification is null)
        {
            check.Fail(path + ".qualification", "is required.");
        }
        else
        {
            Qualification.Validate(check, path + ".qualification");
        }

        ValidateReturn(check, path, redemption);
    }

    private void ValidateReturn(ProgramCheck check, string path, RedemptionPolicy redemption)
    {
        if (ExpectedLifetimeValue is null && MaxShareOfLifetimeValue is null)
        {
            return;
        }

        if (ExpectedLifetimeValue is not { } value || MaxShareOfLifetimeValue is not { } share)
        {
            check.Fail(path + ".maxShareOfLifetimeValue", "the return-on-investment guard needs both expectedLifetimeValue and maxShareOfLifetimeValue.");
            return;
        }

        if (redemption.PointsPerCurrencyUnit <= 0m)
        {
            return; // reported by the redemption policy
        }

        if (value <= 0m || share <= 0m || share > 1m)
        {
            check.Fail(path + ".maxShareOfLifetimeValue", "needs a positive expected lifetime value and a share above 0 and at most 1.");
            return;
        }

        decimal referrer = Ladder.IsDefaultOrEmpty ? Referrer?.Cost(redemption) ?? 0m : Ladder.Where(s => s is not null).Max(s => s.Points.Value) / redemption.PointsPerCurrencyUnit;
        decimal cost = referrer + (Referee?.Cost(redemption) ?? 0m);
        decimal most = value * share;
        if (cost > most)
        {
            check.Fail(path + ".maxShareOfLifetimeValue", string.Create(CultureInfo.InvariantCulture,
                $"one qualified referral can cost {cost:0.00####}, above {share:0.####} of the expected lifetime value {value} ({most:0.00####})."));
        }
    }

    /// <inheritdoc />
    public bool Equals(ReferralPolicy? other)
        => other is not null && Id == other.Id && Referrer == other.Referrer && Referee == other.Referee && Ladder.SequenceEqual(other.Ladder)
           && Window == other.Window && MaxReferralsPerWindow == other.MaxReferralsPerWindow && MaxPointsPerWindow == other.MaxPointsPerWindow
           && Qualification == other.Qualification && ExpectedLifetimeValue == other.ExpectedLifetimeValue && MaxShareOfLifetimeValue == other.MaxShareOfLifetimeValue;

    /// <inheritdoc />
    public override int GetHashCode() => System.HashCode.Combine(Id, Referrer, Referee, Ladder.Length, Window);
}
