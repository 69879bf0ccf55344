"""Local STAND-INS for external services, so tests run our real client code over real HTTP
without reaching the internet. They imitate a protocol, not the service's quality."""
