module example.com/unvendored

go 1.19

require example.com/missing v1.0.0
