package dev.proxyfleet.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of proxy service a provider sells. */
public enum ServiceType {
    @JsonProperty("residential") RESIDENTIAL,
    @JsonProperty("datacenter") DATACENTER,
    @JsonProperty("mobile") MOBILE,
    @JsonProperty("isp") ISP
}
