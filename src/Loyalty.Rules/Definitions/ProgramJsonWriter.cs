using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Rules;

/// <summary>
/// Writes a program as canonical JSON (format <see cref="ProgramJson.SchemaVersion"/>): every property in a fixed order,
/// defaults written out, dictionaries sorted by key, decimals with the scale they have, two-space indentation. No
/// reflection: the writer walks the program by hand, so trimming and AOT keep working.
/// </summary>
internal static class ProgramJsonWriter
{
    public static byte[] Write(LoyaltyProgram program)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", ProgramJson.SchemaVersion);
            w.WriteString("id", program.Id);
            w.WriteNumber("version", program.Version);
            if (program.EffectiveFrom is { } from)
            {
                w.WriteString("effectiveFrom", InstantPattern.ExtendedIso.Format(from));
            }

            w.WriteString("currency", program.Currency);
            w.WriteString("timeZone", program.TimeZone.Id);
            Strings(w, "tiers", program.Tiers);
            EarningBase(w, program.EarningBase);
            w.WriteStartObject("rounding");
            w.WriteString("mode", ProgramJson.Name(program.Rounding.Mode));
            w.WriteString("scope", ProgramJson.Name(program.Rounding.Scope));
            w.WriteBoolean("carryFraction", program.Rounding.CarryFraction);
            w.WriteEndObject();
            w.WriteStartArray("earn");
            foreach (var policy in program.Earn)
            {
                Earn(w, policy);
            }

            w.WriteEndArray();
            w.WriteStartArray("activities");
            foreach (var activity in program.Activities)
            {
                Activity(w, activity);
            }

            w.WriteEndArray();
            w.WritePropertyName("lots");
            Lots(w, program.Lots);
            w.WriteStartObject("ruleLots");
            foreach (var (ruleId, lots) in program.RuleLots.OrderBy(r => r.Key, System.StringComparer.Ordinal))
            {
                w.WritePropertyName(ruleId);
                Lots(w, lots);
            }

            w.WriteEndObject();
            w.WriteStartObject("redemption");
            w.WriteNumber("minimum", program.Redemption.Minimum);
            w.WriteNumber("increment", program.Redemption.Increment);
            w.WriteNumber("pointsPerCurrencyUnit", program.Redemption.PointsPerCurrencyUnit);
            Strings(w, "causes", program.Redemption.Causes);
            w.WriteEndObject();
            w.WriteStartObject("ledger");
            w.WriteString("shortfall", ProgramJson.Name(program.LedgerPolicy.Shortfall));
            w.WriteString("retention", Period(program.LedgerPolicy.Retention));
            w.WriteString("refundWindow", Period(program.LedgerPolicy.RefundWindow));
            w.WriteEndObject();
            if (program.SpendReward is { } reward)
            {
                w.WriteStartObject("spendReward");
                w.WriteNumber("step", reward.Step);
                w.WriteNumber("rewardValue", reward.RewardValue);
                w.WriteString("name", reward.Name);
                w.WriteEndObject();
            }

            w.WriteStartObject("lifecycle");
            w.WriteNumber("newForDays", program.Lifecycle.NewForDays);
            w.WriteNumber("atRiskAfterDays", program.Lifecycle.AtRiskAfterDays);
            w.WriteNumber("dormantAfterDays", program.Lifecycle.DormantAfterDays);
            w.WriteNumber("reactivatedForDays", program.Lifecycle.ReactivatedForDays);
            w.WriteEndObject();
            if (program.Dividend is { } dividend)
            {
                w.WriteStartObject("dividend");
                w.WriteString("period", ProgramJson.Name(dividend.Period));
                w.WriteNumber("share", dividend.Share);
                w.WriteEndObject();
            }

            if (program.TierLadder is { } ladder)
            {
                Ladder(w, ladder);
            }

            if (program.ReferralPolicy is { } referral)
            {
                Referral(w, referral);
            }

            Fraud(w, program.Fraud);
            if (program.LintPolicy.MaxStackedMultiplier is { } ceiling)
            {
                w.WriteStartObject("lint");
                w.WriteNumber("maxStackedMultiplier", ceiling);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        buffer.Write("\n"u8); // a text file ends with a new line
        return buffer.WrittenSpan.ToArray();
    }

    private static void EarningBase(Utf8JsonWriter w, EarningBase value)
    {
        w.WriteStartObject("earningBase");
        Strings(w, "excludedCategories", value.ExcludedCategories);
        Strings(w, "excludedSkus", value.ExcludedSkus);
        w.WriteBoolean("includeTax", value.IncludeTax);
        w.WriteBoolean("includeShipping", value.IncludeShipping);
        w.WriteEndObject();
    }

    internal static void Earn(Utf8JsonWriter w, EarnPolicy policy)
    {
        w.WriteStartObject();
        var kind = EarnKinds.Of(policy);
        w.WriteString("kind", kind.Name);
        w.WriteString("id", policy.Id);
        if (policy.Description is not null)
        {
            w.WriteString("description", policy.Description);
        }

        if (policy.Priority != 0)
        {
            w.WriteNumber("priority", policy.Priority);
        }

        if (policy.Stackable)
        {
            w.WriteBoolean("stackable", true);
        }

        if (policy.FundedBy is not null)
        {
            w.WriteString("fundedBy", policy.FundedBy);
        }

        if (policy.When is { } when)
        {
            Condition(w, when);
        }

        kind.Write(w, policy);
        w.WriteEndObject();
    }

    internal static void LineScope(Utf8JsonWriter w, LineScopedPolicy policy)
    {
        Strings(w, "categories", policy.Categories);
        Strings(w, "skus", policy.Skus);
    }

    private static void Condition(Utf8JsonWriter w, Condition when)
    {
        w.WriteStartObject("when");
        if (when.From is { } from)
        {
            w.WriteString("from", LocalDatePattern.Iso.Format(from));
        }

        if (when.To is { } to)
        {
            w.WriteString("to", LocalDatePattern.Iso.Format(to));
        }

        Strings(w, "daysOfWeek", when.DaysOfWeek.Select(d => ProgramJson.Name(d)), skipEmpty: true);
        Strings(w, "channels", when.Channels, skipEmpty: true);
        Strings(w, "segments", when.Segments, skipEmpty: true);
        Strings(w, "tiers", when.Tiers, skipEmpty: true);
        Strings(w, "stores", when.Stores, skipEmpty: true);
        Strings(w, "partners", when.Partners, skipEmpty: true);
        w.WriteEndObject();
    }

    private static void Activity(Utf8JsonWriter w, ActivityRule rule)
    {
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        if (rule.Description is not null)
        {
            w.WriteString("description", rule.Description);
        }

        w.WriteString("activity", ProgramJson.Name(rule.Activity));
        if (rule.CustomName is not null)
        {
            w.WriteString("customName", rule.CustomName);
        }

        w.WriteNumber("points", rule.Points.Value);
        if (rule.OncePerMember)
        {
            w.WriteBoolean("oncePerMember", true);
        }

        if (rule.When is { } when)
        {
            Condition(w, when);
        }

        w.WriteEndObject();
    }

    private static void Lots(Utf8JsonWriter w, LotPolicy lots)
    {
        w.WriteStartObject();
        w.WriteNumber("pendingDays", lots.PendingDays);
        w.WritePropertyName("expiry");
        Expiry(w, lots.Expiry);
        w.WriteEndObject();
    }

    private static void Expiry(Utf8JsonWriter w, ExpiryPolicy expiry)
    {
        w.WriteStartObject();
        switch (expiry)
        {
            case ExpiryPolicy.FixedTermExpiry fixedTerm:
                w.WriteString("kind", "fixedTerm");
                w.WriteString("term", Period(fixedTerm.Term));
                break;
            case ExpiryPolicy.EndOfPeriodExpiry endOfPeriod:
                w.WriteString("kind", "endOfPeriod");
                w.WriteString("period", ProgramJson.Name(endOfPeriod.Period));
                w.WriteNumber("periodsAfter", endOfPeriod.PeriodsAfter);
                break;
            case ExpiryPolicy.AfterInactivity inactivity:
                w.WriteString("kind", "inactivity");
                w.WriteString("inactivity", Period(inactivity.Inactive));
                break;
            case ExpiryPolicy.EarliestExpiry earliest:
                w.WriteString("kind", "earliestOf");
                w.WriteStartArray("policies");
                foreach (var policy in earliest.Policies)
                {
                    Expiry(w, policy);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteString("kind", "never");
                break;
        }

        w.WriteEndObject();
    }

    private static void Ladder(Utf8JsonWriter w, TierLadder ladder)
    {
        w.WriteStartObject("tierLadder");
        w.WriteString("window", ProgramJson.Name(ladder.Window));
        w.WriteBoolean("keepUntilEndOfNextWindow", ladder.KeepUntilEndOfNextWindow);
        w.WriteNumber("graceDays", ladder.GraceDays);
        w.WriteBoolean("dropAtMostOneTier", ladder.DropAtMostOneTier);
        w.WriteNumber("tierCreditsPerPoint", ladder.TierCreditsPerPoint);
        w.WriteStartArray("tiers");
        foreach (var tier in ladder.Tiers)
        {
            w.WriteStartObject();
            w.WriteString("id", tier.Id);
            w.WriteStartObject("thresholds");
            foreach (var (metric, value) in tier.Thresholds.OrderBy(t => t.Key))
            {
                w.WriteNumber(ProgramJson.Name(metric), value);
            }

            w.WriteEndObject();
            w.WriteString("qualification", ProgramJson.Name(tier.Qualification));
            w.WriteNumber("earnMultiplier", tier.EarnMultiplier);
            Strings(w, "perks", tier.Perks);
            w.WriteNumber("birthdayReward", tier.BirthdayReward.Value);
            w.WriteBoolean("lifetime", tier.Lifetime);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Referral(Utf8JsonWriter w, ReferralPolicy referral)
    {
        w.WriteStartObject("referral");
        w.WriteString("id", referral.Id);
        if (referral.Referrer is { } referrer)
        {
            Reward(w, "referrer", referrer);
        }

        if (referral.Referee is { } referee)
        {
            Reward(w, "referee", referee);
        }

        w.WriteStartArray("ladder");
        foreach (var step in referral.Ladder)
        {
            w.WriteStartObject();
            w.WriteNumber("from", step.From);
            w.WriteNumber("points", step.Points);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("window", ProgramJson.Name(referral.Window));
        if (referral.MaxReferralsPerWindow is { } count)
        {
            w.WriteNumber("maxReferralsPerWindow", count);
        }

        if (referral.MaxPointsPerWindow is { } points)
        {
            w.WriteNumber("maxPointsPerWindow", points);
        }

        w.WriteStartObject("qualification");
        w.WriteString("trigger", ProgramJson.Name(referral.Qualification.Trigger));
        if (referral.Qualification.Trigger != ReferralTrigger.SignUp)
        {
            w.WriteNumber("minimumSpend", referral.Qualification.MinimumSpend);
            w.WriteNumber("withinDays", referral.Qualification.WithinDays);
        }

        w.WriteEndObject();
        if (referral.ExpectedLifetimeValue is { } value)
        {
            w.WriteNumber("expectedLifetimeValue", value);
        }

        if (referral.MaxShareOfLifetimeValue is { } share)
        {
            w.WriteNumber("maxShareOfLifetimeValue", share);
        }

        w.WriteEndObject();
    }

    private static void Reward(Utf8JsonWriter w, string name, ReferralReward reward)
    {
        w.WriteStartObject(name);
        if (reward.Name is null)
        {
            w.WriteNumber("points", reward.Points);
        }
        else
        {
            w.WriteString("name", reward.Name);
            w.WriteNumber("value", reward.Value);
        }

        w.WriteEndObject();
    }

    private static void Fraud(Utf8JsonWriter w, FraudPolicy fraud)
    {
        w.WriteStartObject("fraud");
        if (fraud.Review is { } review)
        {
            w.WriteStartObject("review");
            w.WriteNumber("days", review.Days);
            w.WriteString("atDeadline", ProgramJson.Name(review.AtDeadline));
            w.WriteEndObject();
        }

        w.WriteStartArray("checks");
        foreach (var check in fraud.Checks)
        {
            w.WriteStartObject();
            w.WriteString("kind", ProgramJson.KindOf(check));
            w.WriteString("id", check.Id);
            w.WriteString("action", ProgramJson.Name(check.Action));
            switch (check)
            {
                case PointsCeiling c:
                    w.WriteNumber("maxPoints", c.MaxPoints);
                    break;
                case SpendCeiling c:
                    w.WriteNumber("maxSpend", c.MaxSpend);
                    break;
                case Velocity c:
                    w.WriteString("window", Duration(c.Window));
                    if (c.MaxPurchases is { } purchases)
                    {
                        w.WriteNumber("maxPurchases", purchases);
                    }

                    if (c.MaxPoints is { } points)
                    {
                        w.WriteNumber("maxPoints", points);
                    }

                    break;
                case RedemptionVelocity c:
                    w.WriteString("window", Duration(c.Window));
                    w.WriteNumber("maxRedemptions", c.MaxRedemptions);
                    break;
                case NewMemberEarning c:
                    w.WriteNumber("days", c.Days);
                    w.WriteNumber("maxPoints", c.MaxPoints);
                    break;
                case SelfReferral c:
                    w.WriteStartObject("actions");
                    foreach (var (kind, action) in c.Actions.OrderBy(a => a.Key))
                    {
                        w.WriteString(ProgramJson.Name(kind), ProgramJson.Name(action));
                    }

                    w.WriteEndObject();
                    break;
                case ReferralFingerprintVelocity c:
                    w.WriteNumber("maxReferrals", c.MaxReferrals);
                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values, bool skipEmpty = false)
    {
        var list = values.ToList();
        if (skipEmpty && list.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in list)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    internal static void Decimals(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, decimal> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(v => v.Key, System.StringComparer.Ordinal))
        {
            w.WriteNumber(key, value);
        }

        w.WriteEndObject();
    }

    private static string Period(Period period) => PeriodPattern.Roundtrip.Format(period);

    private static string Duration(Duration duration) => PeriodPattern.Roundtrip.Format(NodaTime.Period.FromTicks(duration.BclCompatibleTicks).Normalize());
}
