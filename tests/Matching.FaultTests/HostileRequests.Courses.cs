using System.Net;
using System.Text.Json.Nodes;

namespace Matching.FaultTests;

// The requests of one fuzz sender (see HostileRequests.cs) to the Courses service.
public sealed partial class HostileRequests
{
    // ---- Courses ----------------------------------------------------------------------------------------------

    private Probe PostCourse()
    {
        var course = ValidCourse();
        if (Coin())
        {
            var total = (int)course["seatsTotal"]!;
            var free = (int)course["seatsFree"]!;
            return Probe.Json("courses", HttpMethod.Post, "/courses", Write(course), true, [HttpStatusCode.Created], "valid course",
                answer => Courses.Add(new CourseModel(known.Add(answer), total) { SeatsFree = free }));
        }

        switch (random.Next(10))
        {
            case 0:
                course["providerId"] = Another("provider");
                return Probe.Json("courses", HttpMethod.Post, "/courses", Write(course), false, [HttpStatusCode.Forbidden], "another provider's course");
            case 1:
                course["providerId"] = LookAlike(ProviderId);
                return Probe.Json("courses", HttpMethod.Post, "/courses", Write(course), false, [HttpStatusCode.BadRequest], "look-alike providerId");
        }

        var online = (bool)course["online"]!;
        var what = (random.Next(4) switch
        {
            0 => () => Relation(course, "levelTo", "levelFrom", swap: true),
            1 => () => Relation(course, "endsOn", "startsOn", swap: false),
            2 => () => { course["seatsFree"] = (int)course["seatsTotal"]! + 1 + random.Next(10); return "seatsFree above seatsTotal"; },
            _ => Field(course,
                ("providerId", OrganisationId(ProviderId)),
                ("title", Text(required: true, 200)),
                ("kind", Enum()),
                ("levelFrom", Enum()),
                ("levelTo", Enum()),
                ("location", Location(required: !online)),
                ("online", Bool()),
                ("startsOn", Date()),
                ("endsOn", Date()),
                ("hoursPerWeek", Int(1, 60)),
                ("schedule", Enum()),
                ("childcare", Bool()),
                ("seatsTotal", Int(1, 1000)),
                ("seatsFree", Int(0, 1000))),
        })();
        return Invalid("courses", HttpMethod.Post, "/courses", course, what);
    }

    private Probe PutSeats()
    {
        var course = PickOrNone(Courses);
        if (course is null || random.Next(10) == 0)
            return Probe.Json("courses", HttpMethod.Put, $"/courses/{UnknownOrGarbageId()}/seats", """{"seatsFree":1}""",
                false, Probe.Refused, "seats of an unknown course");

        var path = $"/courses/{course.Id}/seats";
        var body = new JsonObject { ["seatsFree"] = random.Next(course.SeatsTotal + 1) };
        if (Coin())
        {
            var seatsFree = (int)body["seatsFree"]!;
            if (course.Withdrawn)
                return Probe.Json("courses", HttpMethod.Put, path, Write(body), true, [HttpStatusCode.Conflict], "seats of a withdrawn course");
            return Probe.Json("courses", HttpMethod.Put, path, Write(body), true, [HttpStatusCode.OK], "valid seats", _ =>
            {
                if (seatsFree == course.SeatsFree) return;
                course.SeatsFree = seatsFree;
                course.Version++;
            });
        }

        var what = (random.Next(3) == 0
            ? () => { body["seatsFree"] = course.SeatsTotal + 1 + random.Next(1000); return "seatsFree above seatsTotal"; }
            : Field(body, ("seatsFree", Int(0, 0))))();
        return Invalid("courses", HttpMethod.Put, path, body, what);
    }

    private Probe WithdrawCourse()
    {
        var course = PickOrNone(Courses);
        if (course is null || random.Next(5) == 0)
            return new Probe("courses", HttpMethod.Delete, $"/courses/{UnknownOrGarbageId()}", null, null, false, Probe.Refused, "withdraw an unknown course");
        return new Probe("courses", HttpMethod.Delete, $"/courses/{course.Id}", null, null, true, [HttpStatusCode.NoContent], "withdraw", _ =>
        {
            if (course.Withdrawn) return;
            course.Withdrawn = true;
            course.Version++;
        });
    }

    private JsonObject ValidCourse()
    {
        var from = random.Next(Levels.Length - 1);
        var startsOn = new DateOnly(2027, 1, 4).AddDays(random.Next(700));
        var total = random.Next(1, 1001);
        var online = random.Next(5) == 0;
        var course = new JsonObject
        {
            ["providerId"] = ProviderId,
            ["title"] = Words(200),
            ["kind"] = Pick(Kinds),
            ["levelFrom"] = Levels[from],
            ["levelTo"] = Levels[random.Next(from + 1, Levels.Length)],
            ["online"] = online,
            ["startsOn"] = Day(startsOn),
            ["endsOn"] = Day(startsOn.AddDays(random.Next(400))),
            ["hoursPerWeek"] = random.Next(1, 61),
            ["schedule"] = Pick(Schedules),
            ["childcare"] = Coin(),
            ["seatsTotal"] = total,
            ["seatsFree"] = random.Next(total + 1),
        };
        if (!online || Coin()) course["location"] = ValidLocation();
        return course;
    }
}
