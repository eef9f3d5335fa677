using System.Linq;
using System.Text.Json;

namespace Loyalty.Rules;

// The JSON form of the referral policy.
internal sealed partial class ProgramJsonReader
{
    private ReferralPolicy Referral(JsonObjectReader o)
    {
        var q = o.Object("qualification", "a referral qualification");
        ReferralQualification qualification = ReferralQualification.OnSignUp;
        if (q is not null)
        {
            var trigger = q.Enum<ReferralTrigger>("trigger", required: true) ?? ReferralTrigger.SignUp;
            if (trigger != ReferralTrigger.SignUp)
            {
                decimal minimum = q.Decimal("minimumSpend", required: true) ?? 0m;
                int days = q.Int("withinDays", required: true) ?? 1;
                qualification = trigger == ReferralTrigger.FirstPurchase ? ReferralQualification.FirstPurchase(minimum, days) : ReferralQualification.AnyPurchase(minimum, days);
            }

            q.Done();
        }

        var policy = new ReferralPolicy
        {
            Id = o.String("id") ?? "referral",
            Referrer = o.Object("referrer", "a referral reward") is { } referrer ? Reward(referrer) : null,
            Referee = o.Object("referee", "a referral reward") is { } referee ? Reward(referee) : null,
            Ladder = [.. o.Array("ladder").Select(s => Obj(s.Element, s.Path, "a ladder step") is { } step ? Step(step) : new ReferralStep(1, 1))],
            Window = o.Enum<CalendarPeriod>("window") ?? CalendarPeriod.Year,
            MaxReferralsPerWindow = o.Int("maxReferralsPerWindow"),
            MaxPointsPerWindow = o.Long("maxPointsPerWindow"),
            Qualification = qualification,
            ExpectedLifetimeValue = o.Decimal("expectedLifetimeValue"),
            MaxShareOfLifetimeValue = o.Decimal("maxShareOfLifetimeValue"),
        };
        o.Done();
        return policy;
    }

    private ReferralReward Reward(JsonObjectReader o)
    {
        var reward = o.Has("name")
            ? ReferralReward.Named(o.String("name") ?? "", o.Decimal("value", required: true) ?? 0m) with { ValidForDays = o.Int("validForDays") }
            : ReferralReward.OfPoints(o.Long("points", required: true) ?? 0);
        o.Done();
        return reward;
    }

    private static ReferralStep Step(JsonObjectReader o)
    {
        var step = new ReferralStep(o.Int("from", required: true) ?? 1, o.Long("points", required: true) ?? 0);
        o.Done();
        return step;
    }
}

internal static partial class ProgramJsonWriter
{
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
            w.WriteNumber("points", step.Points.Value);
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
            w.WriteNumber("maxPointsPerWindow", points.Value);
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
            w.WriteNumber("points", reward.Points.Value);
        }
        else
        {
            w.WriteString("name", reward.Name);
            w.WriteNumber("value", reward.Value);
            if (reward.ValidForDays is { } days)
            {
                w.WriteNumber("validForDays", days);
            }
        }

        w.WriteEndObject();
    }
}
