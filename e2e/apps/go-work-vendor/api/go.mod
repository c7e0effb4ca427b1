module example.com/api

go 1.22

require example.com/quote v1.0.0
