"""The Elastic SIP Trunking domain: trunks, ACLs, credential lists, endpoints, phone
numbers, country permissions, call blocking rules and call records."""
