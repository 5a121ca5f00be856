import { describe, expect, test } from "bun:test";
import { addressGroup } from "../../src/security/address-group.ts";

describe("the address failed sign-ins count under", () => {
  test.each([
    ["an IPv4 address", "10.0.0.7", "10.0.0.7"],
    ["IPv4-mapped IPv6, dotted", "::ffff:10.0.0.7", "10.0.0.7"],
    ["IPv4-mapped IPv6, in hex", "::FFFF:a00:7", "10.0.0.7"],
    ["IPv4-mapped IPv6, written out", "0:0:0:0:0:ffff:10.0.0.7", "10.0.0.7"],
    ["IPv6 with ::", "2001:db8:1:2::7", "2001:db8:1:2::/64"],
    ["IPv6 written out, upper case, leading zeros", "2001:0DB8:0001:0002:0000:0000:0000:0007", "2001:db8:1:2::/64"],
    ["IPv6 in brackets, with a zone", "[fe80::1%eth0]", "fe80:0:0:0::/64"],
    ["IPv6 loopback", "::1", "0:0:0:0::/64"],
    ["an IPv4-compatible, not mapped, address", "::10.0.0.7", "0:0:0:0::/64"],
    ["no address", undefined, "unknown"],
    ["an empty address", "", "unknown"],
    ["two ::", "1::2::3", "1::2::3"],
    ["nine groups", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9"],
    ["a dotted part out of range", "::ffff:10.0.0.256", "::ffff:10.0.0.256"],
  ])("%s", (_, address, group) => {
    expect(addressGroup(address)).toBe(group);
  });
});
