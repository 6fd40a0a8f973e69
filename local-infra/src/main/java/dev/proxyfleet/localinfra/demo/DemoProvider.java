package dev.proxyfleet.localinfra.demo;

/** The demo's two providers, as inventory-service stores them. */
enum DemoProvider {
    DATACENTER("Demo Datacenter", "datacenter", "1.20"),
    RESIDENTIAL("Demo Residential", "residential", "3.50");

    final String displayName;
    private final String serviceType;
    private final String monthlyCostPerProxy;

    DemoProvider(String displayName, String serviceType, String monthlyCostPerProxy) {
        this.displayName = displayName;
        this.serviceType = serviceType;
        this.monthlyCostPerProxy = monthlyCostPerProxy;
    }

    /** The body of {@code POST /api/providers}. */
    String json() {
        return """
                {"name":"%s","serviceType":"%s","monthlyCostPerProxy":"%s","currency":"EUR"}"""
                .formatted(displayName, serviceType, monthlyCostPerProxy);
    }
}
